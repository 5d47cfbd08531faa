"""A one-file Django project left with DEBUG = True: its 404 and 500 pages are the
technical debug pages. Test fixture."""
import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=True,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="test-only-not-a-secret",
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
django.setup()


def home(request):
    return HttpResponse("<html><head><title>Home</title></head><body><a href='/missing-page'>old link</a></body></html>")


urlpatterns = [path("home/", home)]

if __name__ == "__main__":
    from django.core.wsgi import get_wsgi_application

    from serve import serve

    serve(get_wsgi_application())
