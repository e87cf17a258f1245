-- One row per live statement × context activity (parent, grouping, category, other), whatever
-- shape the statement used (one object or a list).
with

statements as (

    select * from {{ source('lrs', 'lrs_statements') }}

),

live_ids as (

    select tenant, statement_id from {{ ref('stg_lrs__statements') }}

),

listed as (

    {% for kind in ["parent", "grouping", "category", "other"] %}
    select
        statements.tenant,
        statements.statement_id,
        '{{ kind }}' as context_kind,
        {{ context_activity_list("statements.payload", kind) }} as activities
    from statements
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

unnested as (

    select
        tenant,
        statement_id,
        context_kind,
        unnest(activities) as activity
    from listed

),

final as (

    select
        unnested.tenant,
        unnested.statement_id,
        unnested.context_kind,
        unnested.activity->>'$.id' as activity_id,
        unnested.activity->>'$.definition.type' as activity_type,
        {{ language_map_text("unnested.activity->'$.definition.name'") }} as activity_name
    from unnested
    inner join live_ids
        on live_ids.tenant = unnested.tenant
        and live_ids.statement_id = unnested.statement_id

)

select * from final
