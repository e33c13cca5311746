# Shortcuts; the README's two commands are bin/run and bin/test.
.PHONY: run test lint schema demo worker
run: ; bin/run
test: ; bin/test
lint: ; .venv/bin/ruff check . && .venv/bin/ruff format --check .
schema: ; .venv/bin/python manage.py spectacular --validate --fail-on-warn --file /dev/null
demo: ; .venv/bin/python manage.py demo
worker: ; .venv/bin/celery -A qazeta worker -B -l info
