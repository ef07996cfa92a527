from health.wanted import lessons_needing_help


def test_a_lesson_flagged_by_the_health_rules_heads_the_contributors_wanted_list(
    cohort, first, second
):
    learners = cohort.learners(10)
    cohort.start(learners, second)
    cohort.rate(learners, second, confusing=3)
    wanted = lessons_needing_help(3)
    assert wanted[0].lesson == second
    assert "scaffolding" in wanted[0].reason.lower()
