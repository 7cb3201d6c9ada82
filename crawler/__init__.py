"""The Scrapy project: listing spiders (discover) and the site probe with its detectors."""
