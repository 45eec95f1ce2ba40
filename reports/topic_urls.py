from django.urls import path

from reports import views_topics

app_name = "topics"

urlpatterns = [
    path("", views_topics.topic_list, name="topic-list"),
    path("<slug:slug>/", views_topics.topic_detail, name="topic-detail"),
]
