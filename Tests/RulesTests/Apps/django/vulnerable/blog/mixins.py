class NextURLMixin:
    """Where to send the user after a form: the `next` field, else the page they came from."""

    def get_next_url(self):
        return self.request.POST.get("next") or self.request.META.get("HTTP_REFERER", "/")
