# The Integration Hub on the official Odoo 18 image: the suite's modules and its Python
# dependencies baked in. docker-compose.yml runs it as database initialisation (init), HTTP
# nodes (web) and the one queue_job runner (jobrunner), see docker/entrypoint.sh.
#
#   docker build -t integration-hub:18.0 .
FROM odoo:18.0

USER root
# The suite's Python dependencies and OCA queue_job (without its dependencies, which the image's
# Odoo provides), in a user base of their own: `pip --user` never replaces the image's Debian
# packages (same Python), it shadows the few it needs newer (e.g. typing_extensions for pydantic).
ENV PYTHONUSERBASE=/opt/integration/python
COPY requirements.txt /opt/integration/requirements.txt
RUN pip install --user --break-system-packages --no-cache-dir -r /opt/integration/requirements.txt \
    && pip install --user --break-system-packages --no-cache-dir --no-deps 'odoo-addon-queue-job==18.0.3.1.2' \
    && python3 -c 'import odoo.addons.queue_job, pydantic, paramiko'

COPY docker/odoo.conf /etc/odoo/odoo.conf
COPY docker/entrypoint.sh /usr/local/bin/integration-entrypoint
# queue_job lives under the user base's site-packages, whose path names the image's Python.
RUN sed -i "s|QUEUE_JOB_ADDONS|$(python3 -m site --user-site)/odoo/addons|" /etc/odoo/odoo.conf \
    && chown odoo /etc/odoo/odoo.conf \
    && chmod 755 /usr/local/bin/integration-entrypoint
# Not under the image's VOLUME /mnt/extra-addons: compose keeps a recreated container's anonymous
# volumes, which would hide the addons of a newer image.
COPY addons /opt/integration/addons

USER odoo
ENTRYPOINT ["/usr/local/bin/integration-entrypoint"]
CMD ["web"]
