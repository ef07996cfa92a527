"""Discussion pages. Thin: reading is in discussions.queries, writing in
discussions.posting and discussions.moderation, rights in discussions.permissions.

Every form posts normally and is redirected (POST, redirect, GET) without JavaScript; with
htmx the same form gets back only the piece of the page it changed: a post, its actions,
or the thread.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.code_blocks import go_editor
from courses.models import Lesson
from discussions import moderation, permissions, posting, queries
from discussions.forms import PostForm, QuestionEditForm, QuestionForm, lesson_sections
from discussions.models import Post, Thread

THREADS_PER_PAGE = 20


def _wants_partial(request: HttpRequest) -> bool:
    """An htmx request for a piece of the page (boosted navigation wants the page)."""
    return bool(request.htmx) and not request.htmx.boosted


def _lesson(course_slug: str, lesson_slug: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.available().select_related("course", "track"),
        course__slug=course_slug,
        slug=lesson_slug,
    )


def _thread(request: HttpRequest, thread_id: int) -> Thread:
    thread = queries.get_thread(thread_id, request.user)
    if thread is None:
        raise Http404("No such question.")
    return thread


def _post(
    request: HttpRequest,
    post_id: int,
    allowed: Callable[[AbstractBaseUser, Post], bool] | None = None,
    refusal: str = "",
) -> Post:
    """The post, when the user may see it (and do what ``allowed`` checks)."""
    post = queries.one_post(post_id, request.user)
    if post is None or not permissions.can_see(request.user, post.thread.question or post):
        raise Http404("No such post.")
    if allowed is not None and not allowed(request.user, post):
        raise PermissionDenied(refusal)
    return post


# --- a lesson's discussion ------------------------------------------------------------------


def _render_discussion(
    request: HttpRequest, lesson: Lesson, form: QuestionForm | None, status: int = 200
) -> HttpResponse:
    sections = lesson_sections(lesson)
    section = request.GET.get("section", "")
    if section not in dict(sections):
        section = ""
    if form is not None and not form.is_bound:
        form.initial["section"] = section
    threads = Paginator(queries.lesson_threads(lesson, request.user, section), THREADS_PER_PAGE)
    counts = queries.section_counts(lesson)
    context = {
        "lesson": lesson,
        "sections": [(anchor, title, counts.get(anchor, 0)) for anchor, title in sections],
        "section": section,
        "section_title": dict(sections).get(section, ""),
        "page": threads.get_page(request.GET.get("page")),
        "form": form,
    }
    return render(request, "discussions/lesson.html", context, status=status)


@require_http_methods(["GET", "POST"])
def lesson_discussion(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    """The lesson's questions (of one section with ?section=) and the form to ask one."""
    lesson = _lesson(course_slug, lesson_slug)
    if request.method == "POST":
        return _ask(request, lesson)
    form = QuestionForm(lesson=lesson) if request.user.is_authenticated else None
    return _render_discussion(request, lesson, form)


def _ask(request: HttpRequest, lesson: Lesson) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = QuestionForm(request.POST, lesson=lesson)
    if not form.is_valid():
        return _render_discussion(request, lesson, form, status=400)
    title = form.section_titles.get(form.cleaned_data["section"], "")
    try:
        thread = posting.ask(request.user, lesson, form.cleaned_data, title)
    except posting.PostingRefused as refused:
        form.add_error(None, refused.message)
        return _render_discussion(request, lesson, form, status=429)
    messages.success(request, "Your question is posted.")
    return redirect(thread)


@require_GET
@login_required
def my_questions(request: HttpRequest) -> HttpResponse:
    threads = Paginator(queries.my_threads(request.user), THREADS_PER_PAGE)
    return render(
        request, "discussions/mine.html", {"page": threads.get_page(request.GET.get("page"))}
    )


# --- a thread --------------------------------------------------------------------------------


def _thread_context(request: HttpRequest, thread: Thread, form: PostForm | None) -> dict:
    items = queries.thread_posts(thread, request.user)
    return {
        "thread": thread,
        "lesson": thread.lesson,
        "question": next((item for item in items if item.post.is_question), None),
        "answers": [item for item in items if not item.post.is_question],
        "form": form if form is not None else PostForm(),
        "can_accept": permissions.can_accept(request.user, thread),
    }


def _render_thread(
    request: HttpRequest,
    thread: Thread,
    form: PostForm | None = None,
    status: int = 200,
    posted: Post | None = None,
) -> HttpResponse:
    """The thread page, or its body for htmx (focus goes to an answer just ``posted``)."""
    template = "discussions/thread.html"
    if _wants_partial(request):
        template += "#thread-body"
    context = _thread_context(request, thread, form)
    context["posted"] = posted.pk if posted is not None else None
    return render(request, template, context, status=status)


@require_GET
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread(request, thread_id)
    if request.user.pk == thread.author_id:
        posting.mark_seen(thread)
    return _render_thread(request, thread)


@require_POST
@login_required
def post_answer(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread(request, thread_id)
    form = PostForm(request.POST)
    if not form.is_valid():
        return _render_thread(request, thread, form, status=400)
    try:
        answer = posting.answer(request.user, thread, form.cleaned_data)
    except posting.PostingRefused as refused:
        form.add_error(None, refused.message)
        return _render_thread(request, thread, form, status=429)
    if _wants_partial(request):
        return _render_thread(request, thread, posted=answer)
    messages.success(request, "Your answer is posted.")
    return redirect(answer)


@require_POST
@login_required
def accept_answer(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Mark the posted answer as accepted; an empty answer takes the mark away."""
    thread = _thread(request, thread_id)
    if not permissions.can_accept(request.user, thread):
        raise PermissionDenied("Only the asker or staff accept an answer.")
    chosen = None
    posted = request.POST.get("answer", "")
    if posted:
        if not posted.isdigit():
            return HttpResponse("Which answer?", status=400)
        chosen = get_object_or_404(thread.posts, pk=int(posted))
        if not permissions.can_be_accepted(chosen):
            raise PermissionDenied("This post cannot be accepted.")
    posting.accept(thread, chosen)
    if _wants_partial(request):
        return _render_thread(request, thread)
    return redirect(chosen or thread)


# --- one post ---------------------------------------------------------------------------------


def _render_post(request: HttpRequest, post: Post, template: str = "_post.html") -> HttpResponse:
    """The post (or another piece of it) alone for htmx; else the thread at the post."""
    if not _wants_partial(request):
        return redirect(post)
    item = queries.post_item(queries.one_post(post.pk, request.user), post.thread, request.user)
    return render(request, f"discussions/{template}", {"item": item})


@require_GET
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    return _render_post(request, _post(request, post_id))


@require_http_methods(["GET", "POST"])
@login_required
def edit_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id, permissions.can_edit, "Only its author edits a post.")
    form_class = QuestionEditForm if post.is_question else PostForm
    initial = {"body": post.body, "code": post.code, "title": post.thread.title}
    # Its own ids: in place, the form sits on the thread page beside the answer form.
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial=initial,
        auto_id=f"id_edit{post.pk}_%s",
    )
    if request.method == "POST" and form.is_valid():
        posting.edit(post, form.cleaned_data)
        return _render_post(request, post)
    template = "discussions/edit.html"
    if _wants_partial(request):
        template += "#edit-form"
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"post": post, "form": form}, status=status)


@require_POST
@login_required
def delete_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id, permissions.can_edit, "Only its author deletes a post.")
    posting.delete(post)
    return _render_post(request, post)


@require_POST
@login_required
def vote(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id, permissions.can_vote, "You cannot vote for this post.")
    posting.toggle_vote(request.user, post)
    return _render_post(request, post, "_post_actions.html")


@require_POST
@login_required
def flag_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id, permissions.can_flag, "You cannot flag this post.")
    moderation.flag(request.user, post)
    if not _wants_partial(request):
        messages.info(request, "Thanks: staff will look at this post.")
    return _render_post(request, post, "_post_actions.html")


@require_POST
@login_required
def moderate(request: HttpRequest, post_id: int) -> HttpResponse:
    """Staff hide a post, or restore it (which also keeps a flagged post as it is)."""
    if not permissions.can_moderate(request.user):
        raise PermissionDenied("Only staff moderate posts.")
    post = _post(request, post_id)
    action = request.POST.get("action")
    if action == "hide":
        moderation.hide(request.user, post)
    elif action == "restore":
        moderation.restore(post)
    else:
        return HttpResponse("Unknown action.", status=400)
    if request.POST.get("next") == "flagged":
        return redirect("discussions:flagged")
    return _render_post(request, post)


@require_GET
def post_code(request: HttpRequest, post_id: int) -> HttpResponse:
    """The post's code in a runnable editor: in place of the snippet (htmx), or a page."""
    post = _post(request, post_id)
    if not post.code:
        raise Http404("This post has no code.")
    # Not tied to a lesson block: a snippet's runs never replace a run of the lesson's own
    # examples (the grader tells editors apart by lesson and block).
    editor = go_editor(post.code, index=post.pk % 1000)
    template = "discussions/code.html"
    if _wants_partial(request):
        template += "#editor"
    return render(request, template, {"post": post, "editor": editor})


@require_GET
@login_required
def flagged(request: HttpRequest) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied("Only staff moderate posts.")
    posts = list(moderation.flagged_posts()[:100])
    return render(request, "discussions/flagged.html", {"posts": posts})
