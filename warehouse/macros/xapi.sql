{# DuckDB-specific helpers for reading xAPI statement JSON. Only staging models call them, so the
   intermediate and mart models stay portable SQL. #}

{# (`->` binds looser than `is not null` in DuckDB: keep the parentheses.)
   The actor's inverse functional identifier, spelled exactly as lrs.statements.agent_key spells
   it (and as the landing step keys restricted.learner_keys): mbox:, sha1:, openid:, account:. #}
{% macro actor_ifi(actor) -%}
    case
        when ({{ actor }}->>'$.mbox') is not null then 'mbox:' || lower({{ actor }}->>'$.mbox')
        when ({{ actor }}->>'$.mbox_sha1sum') is not null
            then 'sha1:' || lower({{ actor }}->>'$.mbox_sha1sum')
        when ({{ actor }}->>'$.openid') is not null then 'openid:' || ({{ actor }}->>'$.openid')
        when ({{ actor }}->'$.account') is not null
            then 'account:' || coalesce({{ actor }}->>'$.account.homePage', 'None')
                || '|' || coalesce({{ actor }}->>'$.account.name', 'None')
    end
{%- endmacro %}

{# xAPI lets each contextActivities value be one activity object or a list of them; this always
   gives a list of JSON activities (empty when absent). #}
{% macro context_activity_list(payload, kind) -%}
    case json_type({{ payload }}, '$.context.contextActivities.{{ kind }}')
        when 'ARRAY' then json_extract({{ payload }}, '$.context.contextActivities.{{ kind }}[*]')
        when 'OBJECT' then [json_extract({{ payload }}, '$.context.contextActivities.{{ kind }}')]
        else []::json[]
    end
{%- endmacro %}

{# A language map's text: en-US, then en, then whichever language comes first. #}
{% macro language_map_text(language_map) -%}
    coalesce(
        {{ language_map }}->>'$."en-US"',
        {{ language_map }}->>'$.en',
        json_extract_string({{ language_map }}, '$.*')[1]
    )
{%- endmacro %}
