-- The crosswalk from pseudonymous student_key to the learner's name and identifier. Restricted:
-- teachers' class pages use it; analyst-facing marts never join it.
with

learner_keys as (

    select * from {{ source('restricted', 'learner_keys') }}

),

final as (

    select
        student_key,
        display_name,
        actor_ifi
    from learner_keys

)

select * from final
