from pyramid.config import Configurator

from .admin import AdminViews


def main(global_config, **settings):
    with Configurator(settings=settings) as config:
        config.include("pyramid_jinja2")
        config.add_route("page", "/pages/{title}")
        config.add_route("page_json", "/api/pages/{title}")
        config.add_route("login", "/login")
        config.add_route("file", r"/files/{file_id:\d+}")
        config.add_route("search", "/admin/search")
        config.add_route("purge", "/admin/purge")
        config.add_view(AdminViews, attr="purge", route_name="purge", request_method="POST")
        config.scan()
        return config.make_wsgi_app()
