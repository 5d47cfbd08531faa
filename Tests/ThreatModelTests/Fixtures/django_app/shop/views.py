import logging

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.models import Item, Order

logger = logging.getLogger(__name__)


def index(request):
    return render(request, "shop/index.html", {"items": cache.get("featured")})


@login_required
def profile(request):
    if request.method == "POST":
        request.user.email = request.POST["email"]
        request.user.save()
        send_mail("Profile changed", "Your e-mail was changed.", "shop@example.com", [request.user.email])
        logger.info("profile %s", request.user.pk)
    return render(request, "shop/profile.html")


@csrf_exempt
def upload(request):
    if request.method == "POST":
        with open("/srv/uploads/" + request.FILES["doc"].name, "wb") as out:
            out.write(request.FILES["doc"].read())
    return HttpResponse("ok")


@require_POST
@permission_required("shop.delete_item")
def delete_item(request, pk):
    get_object_or_404(Item, pk=pk).delete()
    logger.info("deleted item %s", pk)
    return HttpResponse(status=204)


class ItemList(LoginRequiredMixin, ListView):
    model = Item

    def get_queryset(self):
        return Item.objects.filter(owner=self.request.user)


@login_required
def order_detail(request, pk):
    order = Order.objects.get(pk=pk)
    return render(request, "shop/order.html", {"order": order})


class ItemAPI(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response([item.name for item in Item.objects.filter(owner=request.user)])

    def post(self, request):
        item = Item.objects.create(name=request.data["name"], price=request.data["price"], owner=request.user)
        logger.info("created item %s", item.pk)
        return Response({"id": item.pk}, status=201)


class PublicAPI(APIView):
    def get(self, request):
        return Response({"count": Item.objects.count()})


def search(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM shop_item WHERE name LIKE '%%" + request.GET["q"] + "%%'")
        rows = cursor.fetchall()
    return JsonResponse({"names": [row[0] for row in rows]})
