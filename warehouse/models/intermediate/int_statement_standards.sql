-- Which standards each live statement is evidence of: a category, other or grouping context
-- activity whose id is a known CASE item URI, or whose type is objective (an objective the
-- standards package does not know keeps its own id and name).
with

context_activities as (

    select * from {{ ref('stg_lrs__context_activities') }}
    where context_kind in ('category', 'other', 'grouping')

),

standards as (

    select standard_uri, standard_code from {{ ref('stg_case__standards') }}

),

candidates as (

    select
        context_activities.tenant,
        context_activities.statement_id,
        context_activities.activity_id as standard_uri,
        coalesce(
            standards.standard_code,
            context_activities.activity_name,
            context_activities.activity_id
        ) as standard_code,
        standards.standard_uri is not null as is_case_item
    from context_activities
    left join standards
        on standards.standard_uri = context_activities.activity_id
    where standards.standard_uri is not null
        or context_activities.activity_type = '{{ var("objective_activity_type") }}'

),

final as (

    select
        tenant,
        statement_id,
        standard_uri,
        max(standard_code) as standard_code,
        bool_or(is_case_item) as is_case_item
    from candidates
    group by tenant, statement_id, standard_uri

)

select * from final
