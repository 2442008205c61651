# The API and the ingest, for docker-compose.yml. Neo4j itself is the official image.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY graph ./graph
COPY api ./api
COPY ingest ./ingest
COPY cypher ./cypher
RUN pip install --no-cache-dir -c requirements.lock .
USER nobody
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
