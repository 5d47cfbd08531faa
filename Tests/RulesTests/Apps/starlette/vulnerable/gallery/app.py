from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Route

from . import endpoints

routes = [
    Route("/", endpoints.homepage),
    Route("/images/{filename:path}", endpoints.image),
    Route("/resize", endpoints.resize, methods=["POST"]),
    Route("/import", endpoints.import_image, methods=["POST"]),
    Route("/logout", endpoints.logout),
    Route("/albums/{album}", endpoints.Album),
]

app = Starlette(routes=routes, middleware=[Middleware(SessionMiddleware, secret_key=open("/etc/gallery/secret").read())])
