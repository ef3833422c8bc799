#!/bin/sh
# The proxy image's entry point: fill in nginx.conf.template (the file scripts/serve.py fills in
# too) from the environment, check it, and run nginx in the foreground.
set -eu
: "${OSA_LISTEN:=8080}"
: "${OSA_UPSTREAM_SERVERS:=server app:8501 max_fails=1 fail_timeout=5s;}"
: "${OSA_STREAMLIT_STATIC:=/srv/streamlit-static}"
: "${OSA_RUNTIME_DIR:=/tmp/nginx}"
: "${OSA_ACCESS_LOG:=/dev/stdout}"
: "${OSA_MIME_TYPES:=/etc/nginx/mime.types}"
: "${OSA_NGINX_USER:=www-data}"
: "${OSA_PREVIEWS:=/etc/osa-map/previews.conf}"
export OSA_LISTEN OSA_UPSTREAM_SERVERS OSA_STREAMLIT_STATIC OSA_RUNTIME_DIR OSA_ACCESS_LOG OSA_MIME_TYPES OSA_NGINX_USER OSA_PREVIEWS
mkdir -p "$OSA_RUNTIME_DIR"
# Only our names: nginx's own $variables must survive.
envsubst '${OSA_LISTEN} ${OSA_UPSTREAM_SERVERS} ${OSA_STREAMLIT_STATIC} ${OSA_RUNTIME_DIR} ${OSA_ACCESS_LOG} ${OSA_MIME_TYPES} ${OSA_NGINX_USER} ${OSA_PREVIEWS}' \
    < /etc/osa-map/nginx.conf.template > "$OSA_RUNTIME_DIR/nginx.conf"
nginx -t -q -e stderr -c "$OSA_RUNTIME_DIR/nginx.conf"
exec nginx -e stderr -c "$OSA_RUNTIME_DIR/nginx.conf"
