"""Writes of the service ledger: a record and the unions it names are saved together, after checking that
those unions are ones the station serves (the host's subtree). Forms, the import and the API all come here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import save_checked, validate
from core.text import join_list

from .models import unions_outside


def check_unions(record, unions):
    """Raise a ValidationError on `unions` when any of them lies outside the station host's subtree."""
    if not unions or not record.station_id:
        return
    outside = unions_outside(record.station, unions)
    if outside:
        raise ValidationError(
            {
                "unions": _("“%(names)s”不在服务站依托工会“%(host)s”的下属范围内，不能记在本站台账上。")
                % {"names": join_list(u.name for u in outside), "host": record.station.host.name}
            }
        )


def _save(*, actor, instance, unions, action):
    errors = {}
    try:
        validate(instance)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if unions is not None:
        try:
            check_unions(instance, list(unions))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    save_checked(instance=instance, actor=actor, action=action)
    if unions is not None:
        instance.unions.set(unions)
    return instance


@transaction.atomic
def service_record_create(*, actor, instance, unions=None):
    """Save a new ledger line and the unions it names (None: none), checked against the station's host."""
    return _save(actor=actor, instance=instance, unions=unions, action="create")


@transaction.atomic
def service_record_update(*, actor, instance, unions=None):
    if instance.pk is None:
        raise ValidationError(_("记录尚未保存，无法修改。"))
    return _save(actor=actor, instance=instance, unions=unions, action="update")
