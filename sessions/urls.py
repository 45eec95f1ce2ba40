from django.urls import include, path

from sessions import quote_card_views, views

app_name = "programme"

urlpatterns = [
    path("", include("sessions.export_urls")),
    path("<slug:event>/sessions/<slug:slug>/", views.session_detail, name="session-detail"),
    path("<slug:event>/quotes/", views.quote_list, name="quote-list"),
    path("<slug:event>/quotes/<int:pk>/", views.quote_detail, name="quote-detail"),
    path(
        "<slug:event>/quotes/<int:pk>/card.png",
        quote_card_views.quote_card,
        name="quote-card",
    ),
]
