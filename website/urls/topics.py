from django.urls import path

from website.views import topics as views_topics

app_name = "topics"

urlpatterns = [
    path("", views_topics.topic_list, name="topic-list"),
    # taggit keeps Unicode in slugs ("café-et-société"), which <slug:> would not match.
    path("<str:slug>/", views_topics.topic_detail, name="topic-detail"),
]
