-- Which learners work in which class section, from the class grouping activity of statements.
with

statements as (

    select * from {{ ref('int_learner_statements') }}
    where class_id is not null

),

final as (

    select
        class_id,
        student_key,
        count(*) as statement_count,
        min(occurred_at) as first_statement_at,
        max(occurred_at) as last_statement_at
    from statements
    group by class_id, student_key

)

select * from final
