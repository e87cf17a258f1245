-- One row per live statement: voiding statements and the statements they void are removed
-- here, so nothing downstream ever sees them.
with

source as (

    select * from {{ source('lrs', 'lrs_statements') }}

),

voiding as (

    select
        tenant,
        lower(payload->>'$.object.id') as voided_statement_id
    from source
    where payload->>'$.verb.id' = '{{ var("voiding_verb") }}'
        and payload->>'$.object.objectType' = 'StatementRef'

),

live as (

    select source.*
    from source
    left join voiding
        on voiding.tenant = source.tenant
        and voiding.voided_statement_id = source.statement_id
    where not source.voided
        and voiding.voided_statement_id is null
        and source.payload->>'$.verb.id' <> '{{ var("voiding_verb") }}'

),

flattened as (

    select
        tenant,
        statement_id,
        sequence,
        payload->>'$.verb.id' as verb_id,
        {{ actor_ifi("payload->'$.actor'") }} as actor_ifi,
        payload->>'$.object.id' as object_id,
        coalesce(payload->>'$.object.objectType', 'Activity') as object_type,
        payload->>'$.object.definition.type' as object_activity_type,
        {{ language_map_text("payload->'$.object.definition.name'") }} as object_name,
        try_cast(payload->>'$.result.score.scaled' as double) as score_scaled,
        try_cast(payload->>'$.result.score.raw' as double) as score_raw,
        try_cast(payload->>'$.result.score.min' as double) as score_min,
        try_cast(payload->>'$.result.score.max' as double) as score_max,
        try_cast(payload->>'$.result.success' as boolean) as success,
        try_cast(payload->>'$.result.completion' as boolean) as completion,
        payload->>'$.result.response' as response,
        -- a timestamp DuckDB cannot read falls back to `stored` rather than failing the build
        coalesce(try_cast(payload->>'$.timestamp' as timestamptz), stored) as occurred_at,
        stored as stored_at,
        lower(payload->>'$.context.registration') as registration,
        payload->>'$.context.platform' as platform,
        {{ context_activity_list("payload", "grouping") }} as grouping_activities
    from live

),

with_groupings as (

    select
        *,
        list_filter(
            grouping_activities,
            lambda a: a->>'$.definition.type' = '{{ var("class_activity_type") }}'
        )[1] as class_activity,
        list_filter(
            grouping_activities,
            lambda a: a->>'$.definition.type' = '{{ var("school_activity_type") }}'
        )[1] as school_activity
    from flattened

),

final as (

    select
        tenant,
        statement_id,
        sequence,
        verb_id,
        actor_ifi,
        object_id,
        object_type,
        object_activity_type,
        object_name,
        score_scaled,
        score_raw,
        score_min,
        score_max,
        success,
        completion,
        response,
        occurred_at,
        stored_at,
        registration,
        platform,
        class_activity->>'$.id' as class_id,
        {{ language_map_text("class_activity->'$.definition.name'") }} as class_name,
        school_activity->>'$.id' as school_id,
        {{ language_map_text("school_activity->'$.definition.name'") }} as school_name
    from with_groupings

)

select * from final
