"""Consistent URL names for every model: <app>:<model>_<action>."""

from django.urls import path, reverse


def model_url_name(model, action):
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


def model_url(model, action, *args):
    return reverse(model_url_name(model, action), args=args)


def model_urls(model, *, list=None, add=None, detail=None, edit=None, history=None, import_=None, extra=()):
    name = model._meta.model_name
    patterns = []
    if list:
        patterns.append(path("", list.as_view(), name=f"{name}_list"))
    if add:
        patterns.append(path("add/", add.as_view(), name=f"{name}_add"))
    if import_:
        patterns.append(path("import/", import_.as_view(), name=f"{name}_import"))
    if detail:
        patterns.append(path("<int:pk>/", detail.as_view(), name=f"{name}_detail"))
    if edit:
        patterns.append(path("<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"))
    if history:
        patterns.append(path("<int:pk>/history/", history.as_view(), name=f"{name}_history"))
    patterns.extend(extra)
    return patterns
