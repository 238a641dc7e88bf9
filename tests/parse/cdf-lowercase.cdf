<?xml version="1.0"?>
<channel href="http://example.org/">
<title>lowercase cdf</title>
<item href="http://example.org/x" lastmod="2026-01-04T05:06:07"><title>lower item</title><abstract>lower abstract</abstract></item>
</channel>
