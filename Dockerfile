# Production image: gunicorn web, Celery worker and beat share it (docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=qazeta.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fonts-dejavu-core shared-mime-info tzdata \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only EMAIL_URL=smtp://build.invalid python manage.py collectstatic --noinput
RUN useradd --system --home /app qazeta && mkdir -p /app/var/media && chown -R qazeta /app/var
USER qazeta
EXPOSE 8000
CMD ["gunicorn", "qazeta.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
