"""exscout downloader middlewares: per-vantage proxy and Retry-After aware retries."""
