# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).


def migrate(cr, version):
    """Exceptions list their messages since this version (one exception per cause and
    flow): each existing exception lists the message it was opened for."""
    cr.execute(
        """
        INSERT INTO integration_exception_message_rel (exception_id, message_id)
        SELECT id, message_id FROM integration_exception WHERE message_id IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )
