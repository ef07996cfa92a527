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


def test_the_home_page_links_a_flagged_lesson_straight_to_its_file(
    cohort, first, second, client, settings
):
    settings.COURSE_REPOSITORY_URL = "https://github.com/gocourse/course"
    learners = cohort.learners(10)
    cohort.start(learners, second)
    cohort.rate(learners, second, confusing=3)
    page = client.get("/").content.decode()
    box = page[page.index('class="contributors-wanted"') :]
    assert (
        f'href="https://github.com/gocourse/course/edit/main/content/{second.source_path}"' in box
    )
    assert 'href="https://github.com/gocourse/course/blob/main/CONTRIBUTING.md"' in box


def test_without_a_repository_the_box_has_no_edit_links(cohort, first, second, client, settings):
    settings.COURSE_REPOSITORY_URL = ""
    learners = cohort.learners(10)
    cohort.start(learners, second)
    cohort.rate(learners, second, confusing=3)
    page = client.get("/").content.decode()
    assert "contributors-wanted" in page
    assert "/edit/" not in page and "CONTRIBUTING.md" not in page
