-- One row per class section seen in statements, named as its latest statement names it.
with

statements as (

    select * from {{ ref('int_learner_statements') }}
    where class_id is not null

),

latest_names as (

    select
        class_id,
        class_name,
        school_id,
        school_name,
        row_number() over (
            partition by class_id order by occurred_at desc, stored_at desc, sequence desc
        ) as recency
    from statements

),

activity as (

    select
        class_id,
        count(distinct student_key) as student_count,
        count(*) as statement_count,
        min(occurred_at) as first_statement_at,
        max(occurred_at) as last_statement_at
    from statements
    group by class_id

),

final as (

    select
        activity.class_id,
        coalesce(latest_names.class_name, activity.class_id) as class_name,
        latest_names.school_id,
        latest_names.school_name,
        activity.student_count,
        activity.statement_count,
        activity.first_statement_at,
        activity.last_statement_at
    from activity
    inner join latest_names
        on latest_names.class_id = activity.class_id
        and latest_names.recency = 1

)

select * from final
