-- One row per learner seen in a live statement, by pseudonymous key only.
with

statements as (

    select * from {{ ref('int_learner_statements') }}

),

final as (

    select
        student_key,
        count(*) as statement_count,
        count(distinct class_id) as class_count,
        min(occurred_at) as first_statement_at,
        max(occurred_at) as last_statement_at
    from statements
    group by student_key

)

select * from final
