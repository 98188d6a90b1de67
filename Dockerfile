# Lotse in a container: the same code and model as `make run`, for organisations that deploy with
# containers. deploy/compose.yml runs the tested topology with it (PostgreSQL, Redis, Rasa
# replicas, the action server, nginx). CI here does not build containers (no Docker engine on the
# test machines): CI tests the same topology natively (`lotse run --cluster`, tests/test_cluster.py).
FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TF_CPP_MIN_LOG_LEVEL=3 RASA_TELEMETRY_ENABLED=false \
    LOTSE_DATA_DIR=/data LOTSE_LOG_DIR=/data/logs

WORKDIR /app
# Dependencies first, so that a change of data or code does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot bot
COPY actions actions
# Editable: Lotse finds its data (config.yml, data/, services.yml) beside its code in /app.
RUN pip install --no-cache-dir -e . && useradd --uid 1000 --create-home lotse && mkdir -p /data && chown lotse /data

COPY config.yml domain.yml endpoints.yml credentials.yml services.yml places.yml ./
COPY data data
# The model is trained into the image: a new image is a new model (see "Upgrading" in the README).
RUN python -m bot.cli.main train --force && chown -R lotse /app/models /data

USER lotse
EXPOSE 5005 5055
# One Rasa server; deploy/compose.yml starts replicas and the action server from this image.
CMD ["python", "-m", "bot.cli.main", "run"]
