"""simweb: a corpus directory served as a small offline internet (proxy, DNS, RDAP) from two vantages."""
