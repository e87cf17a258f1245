-- Live statements with the learner's identifier swapped for the pseudonymous student_key:
-- from here on no model carries a name or an identifier.
with

statements as (

    select * from {{ ref('stg_lrs__statements') }}

),

learner_keys as (

    select actor_ifi, student_key from {{ source('restricted', 'learner_keys') }}

),

final as (

    select
        statements.tenant,
        statements.statement_id,
        statements.sequence,
        learner_keys.student_key,
        statements.verb_id,
        statements.object_id,
        statements.object_type,
        statements.object_activity_type,
        statements.object_name,
        statements.score_scaled,
        statements.score_raw,
        statements.score_min,
        statements.score_max,
        statements.success,
        statements.completion,
        statements.response,
        statements.occurred_at,
        statements.stored_at,
        statements.registration,
        statements.platform,
        statements.class_id,
        statements.class_name,
        statements.school_id,
        statements.school_name
    from statements
    inner join learner_keys
        on learner_keys.actor_ifi = statements.actor_ifi

)

select * from final
