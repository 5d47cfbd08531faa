from django.utils.http import url_has_allowed_host_and_scheme


class NextURLMixin:
    """Where to send the user after a form: the `next` field, else the page they came from."""

    def get_next_url(self):
        target = self.request.POST.get("next") or self.request.META.get("HTTP_REFERER", "/")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()):
            return target
        return "/"
