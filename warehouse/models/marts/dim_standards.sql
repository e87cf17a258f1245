-- One row per standard of the district's CASE package, with its parent in the hierarchy.
with

standards as (

    select * from {{ ref('stg_case__standards') }}

),

parents as (

    select origin_uri, min(destination_uri) as parent_uri
    from {{ ref('stg_case__associations') }}
    where association_type = 'isChildOf'
    group by origin_uri

),

final as (

    select
        standards.standard_uri,
        standards.standard_identifier,
        standards.standard_code,
        standards.full_statement,
        standards.item_type,
        parents.parent_uri,
        parent.standard_code as parent_code,
        standards.education_level,
        standards.document_title
    from standards
    left join parents
        on parents.origin_uri = standards.standard_uri
    left join standards as parent
        on parent.standard_uri = parents.parent_uri

)

select * from final
