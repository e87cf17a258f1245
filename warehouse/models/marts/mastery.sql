{#- Decaying average, d1 = s1 and dk = (1 - r)·d(k-1) + r·sk, in closed form so that it is one
    windowed sum in any SQL engine: with n pieces of evidence the first score weighs (1 - r)^(n-1)
    and score k >= 2 weighs r·(1 - r)^(n-k); the weights add up to 1. -#}
{%- set rate = var("decaying_average_rate") -%}
with

evidence as (

    select
        student_key,
        standard_uri,
        standard_code,
        score,
        evidence_number,
        occurred_at,
        count(*) over (partition by student_key, standard_uri) as evidence_count
    from {{ ref('fct_evidence') }}

),

weighted as (

    select
        *,
        case
            when evidence_number = 1 then power(1 - {{ rate }}, evidence_count - 1)
            else {{ rate }} * power(1 - {{ rate }}, evidence_count - evidence_number)
        end as weight
    from evidence

),

decayed as (

    select
        student_key,
        standard_uri,
        max(standard_code) as standard_code,
        round(least(greatest(sum(weight * score), 0), 1), 6) as mastery_score,
        count(*) as evidence_count,
        max(occurred_at) as last_evidence_at
    from weighted
    group by student_key, standard_uri

),

levelled as (

    select
        *,
        case
            when mastery_score >= {{ var("exceeds_cut") }} then 4
            when mastery_score >= {{ var("proficient_cut") }} then 3
            when mastery_score >= {{ var("developing_cut") }} then 2
            else 1
        end as level
    from decayed

),

final as (

    select
        student_key,
        standard_uri,
        standard_code,
        'decaying_average' as method,
        '{{ tojson({"rate": rate}) }}' as method_params,
        mastery_score,
        mastery_score * {{ var("scale_max") }} as scale_score,
        level,
        case level
            when 1 then 'Beginning'
            when 2 then 'Developing'
            when 3 then 'Proficient'
            when 4 then 'Exceeds'
        end as level_label,
        level >= 3 as is_mastered,
        evidence_count,
        last_evidence_at
    from levelled

)

select * from final
