-- One row per piece of mastery evidence: a scored, non-agency statement × a standard it shows,
-- with its score normalised to 0-1 and numbered in the order the work happened.
with

statements as (

    select * from {{ ref('int_learner_statements') }}
    where verb_id not in (
        {%- for verb in var("agency_verbs") %}'{{ verb }}'{{ "," if not loop.last }}{% endfor -%}
    )

),

scored as (

    select
        *,
        case
            when score_scaled is not null then least(greatest(score_scaled, 0), 1)
            when score_raw is not null and score_max > coalesce(score_min, 0)
                then least(greatest(
                    (score_raw - coalesce(score_min, 0)) / (score_max - coalesce(score_min, 0)),
                    0), 1)
            when success then 1.0
            when not success then 0.0
        end as score
    from statements

),

standards as (

    select * from {{ ref('int_statement_standards') }}

),

aligned as (

    select
        scored.tenant,
        scored.statement_id,
        scored.student_key,
        standards.standard_uri,
        standards.standard_code,
        standards.is_case_item,
        scored.score,
        scored.score_scaled,
        scored.score_raw,
        scored.score_min,
        scored.score_max,
        scored.success,
        scored.verb_id,
        scored.object_id,
        scored.object_name,
        scored.platform,
        scored.class_id,
        scored.school_id,
        scored.occurred_at,
        scored.stored_at,
        scored.sequence
    from scored
    inner join standards
        on standards.tenant = scored.tenant
        and standards.statement_id = scored.statement_id
    where scored.score is not null

),

final as (

    select
        *,
        row_number() over (
            partition by student_key, standard_uri
            order by occurred_at, stored_at, sequence
        ) as evidence_number
    from aligned

)

select * from final
order by occurred_at, stored_at, sequence
