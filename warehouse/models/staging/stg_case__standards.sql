-- One row per CASE item (standard, cluster, domain...) of the district's standards package.
with

source as (

    select * from {{ source('case', 'case_items') }}

),

final as (

    select
        uri as standard_uri,
        identifier as standard_identifier,
        coalesce(human_coding_scheme, identifier) as standard_code,
        full_statement,
        item_type,
        education_level,
        language,
        document_uri,
        document_title,
        last_change_date_time::timestamptz as last_changed_at
    from source

)

select * from final
