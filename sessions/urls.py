from django.urls import path

from sessions import views

app_name = "programme"

urlpatterns = [
    path("<slug:event>/sessions/<slug:slug>/", views.session_detail, name="session-detail"),
    path("<slug:event>/quotes/<int:pk>/", views.quote_detail, name="quote-detail"),
]
