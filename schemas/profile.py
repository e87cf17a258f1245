"""The ACE xAPI Profile: the verbs, activity types and extensions ACE statements use.

ADL's own vocabulary is used wherever it has the concept; ACE adds only what personalized
learning needs and ADL lacks (self-assessment, goals, reflection, conferences, choice).

How a statement says what it is about:
- the learner is the `actor`, identified by `account` (`homePage` = the district's SIS,
  `name` = the roster `sourcedId`);
- the standards it shows evidence of are `context.contextActivities.category` entries whose
  `id` is the CASE item URI and whose `definition.type` is `ACTIVITY_OBJECTIVE`;
- the class section and school are `context.contextActivities.grouping` entries of types
  `ACTIVITY_CLASS` and `ACTIVITY_SCHOOL`;
- the app that emitted it is `context.platform`.
"""

from __future__ import annotations

PROFILE_IRI = "https://w3id.org/xapi/ace"

# ADL verbs
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_SCORED = "http://adlnet.gov/expapi/verbs/scored"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_PASSED = "http://adlnet.gov/expapi/verbs/passed"
VERB_FAILED = "http://adlnet.gov/expapi/verbs/failed"
VERB_EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
VERB_VOIDED = "http://adlnet.gov/expapi/verbs/voided"

# ACE verbs (agency)
VERB_SELF_ASSESSED = f"{PROFILE_IRI}/verbs/self-assessed"
VERB_SET_GOAL = f"{PROFILE_IRI}/verbs/set-goal"
VERB_REFLECTED = f"{PROFILE_IRI}/verbs/reflected"
VERB_CONFERENCED = f"{PROFILE_IRI}/verbs/conferenced"
VERB_CHOSE = f"{PROFILE_IRI}/verbs/chose"

AGENCY_VERBS = frozenset(
    {VERB_SELF_ASSESSED, VERB_SET_GOAL, VERB_REFLECTED, VERB_CONFERENCED, VERB_CHOSE}
)

# Activity types
ACTIVITY_OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"
ACTIVITY_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
ACTIVITY_QUESTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ACTIVITY_LESSON = "http://adlnet.gov/expapi/activities/lesson"
ACTIVITY_PROJECT = f"{PROFILE_IRI}/activity-types/project"
ACTIVITY_CLASS = f"{PROFILE_IRI}/activity-types/class-section"
ACTIVITY_SCHOOL = f"{PROFILE_IRI}/activity-types/school"
ACTIVITY_GOAL = f"{PROFILE_IRI}/activity-types/goal"
ACTIVITY_REFLECTION = f"{PROFILE_IRI}/activity-types/reflection"

# Extensions
EXT_TARGET_LEVEL = f"{PROFILE_IRI}/extensions/target-level"  # goal: proficiency level 1-4
EXT_TARGET_DATE = f"{PROFILE_IRI}/extensions/target-date"  # goal: ISO date
EXT_CHOSEN = f"{PROFILE_IRI}/extensions/chosen-by-learner"  # true when the learner chose it
