"""Where each site is served from: DNS, registry facts, CDN detection, overseas and blocked verdicts."""
