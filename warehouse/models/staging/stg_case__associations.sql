-- One row per CASE association; isChildOf rows give the standards hierarchy.
with

source as (

    select * from {{ source('case', 'case_associations') }}

),

final as (

    select
        uri as association_uri,
        identifier as association_identifier,
        association_type,
        origin_uri,
        destination_uri
    from source

)

select * from final
