from django.urls import path

from shop import views

urlpatterns = [
    path("", views.index),
    path("profile/", views.profile),
    path("upload/", views.upload),
    path("items/<int:pk>/delete/", views.delete_item),
    path("items/", views.ItemList.as_view()),
    path("orders/<int:pk>/", views.order_detail),
    path("api/items/", views.ItemAPI.as_view()),
    path("api/public/", views.PublicAPI.as_view()),
    path("search/", views.search),
]
