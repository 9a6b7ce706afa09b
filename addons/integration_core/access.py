# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The checks a public method runs before it escalates with ``sudo()``.

The superuser environment (``env.su``) is the pipeline's: jobs, crons and plumbing that
switched to it after checking their caller. An RPC caller can set the context but never
``su``, so it is the one gate a user cannot open.
"""

from odoo.exceptions import AccessError

USER_GROUP = "integration_core.group_integration_user"
MANAGER_GROUP = "integration_core.group_integration_manager"


def check_group(env, group, action):
    """Refuse ``action`` (a readable label) to a caller outside ``group``."""
    if env.su or env.user.has_group(group):
        return
    label = env.ref(group).sudo().full_name  # sudo: a group's name, from our constant
    raise AccessError(env._("%(action)s is reserved to %(group)s.", action=action, group=label))


def checked_for(records, action, group=USER_GROUP):
    """``records`` as the pipeline (``sudo()``), once the caller is in ``group`` and may write
    them (company rules included): how a user action on pipeline records starts."""
    check_group(records.env, group, action)
    records.check_access("write")
    return records.sudo()


def chatter_fields(env):
    """The fields of a record's chatter and activities: what a user may always write."""
    return set(env["mail.thread"]._fields) | set(env["mail.activity.mixin"]._fields)


def refuse_user_write(records, field_names):
    """Refuse a user's write of ``field_names``: only the pipeline writes them.

    Called by the guarded models' ``create`` and ``write`` with the fields a user may not set;
    user actions check access, then write as the pipeline (``sudo()``).
    """
    if records.env.su or not field_names:
        return
    raise AccessError(
        records.env._(
            "%(model)s: %(fields)s cannot be written directly; they change only through the "
            "integration's own actions (Retry, Approve, Edit payload, Revoke...).",
            model=records._description,
            fields=", ".join(sorted(field_names)),
        )
    )


def refuse_user_create(model):
    """Refuse a user's create of a record only the pipeline makes (a message, an exception)."""
    if model.env.su:
        return
    raise AccessError(
        model.env._(
            "%(model)s records are created by the integration pipeline only.",
            model=model._description,
        )
    )
