<?xml version="1.0"?>
<CHANNEL BASE="http://example.org/site/" HREF="index.html">
<TITLE>Relative CDF</TITLE>
<ITEM HREF="a.html"><TITLE>Relative item</TITLE></ITEM>
<CHANNEL BASE="sub/" HREF="sub.html"><TITLE>Sub channel</TITLE>
<ITEM HREF="b.html" LASTMOD="2026-01-03"><TITLE>Nested item</TITLE><ABSTRACT>In a sub-channel</ABSTRACT></ITEM>
</CHANNEL>
</CHANNEL>
