"""Admin saves and deletes that change what public pages show make the cached pages stale.

Public pages are kept whole in the cache (``casestudies.public_cache``). An admin change to
anything they show (a call, theme, council, principle or publication, or a published case
study's text) starts a new cache generation once the admin's transaction commits, so every
page shows the change on its next request. Explicit, here, rather than in ``save()``.
"""

from .. import public_cache


class PublicContentAdminMixin:
    def changes_public_pages(self, obj) -> bool:
        """Whether saving or deleting ``obj`` can change a public page (always, unless narrowed)."""
        return True

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.changes_public_pages(obj):
            public_cache.public_pages_changed()

    def delete_model(self, request, obj):
        changes = self.changes_public_pages(obj)
        super().delete_model(request, obj)
        if changes:
            public_cache.public_pages_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_cache.public_pages_changed()
