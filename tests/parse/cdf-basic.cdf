<?xml version="1.0" encoding="utf-8"?>
<CHANNEL HREF="http://example.org/" LASTMOD="2026-01-02T03:04">
<TITLE>CDF channel</TITLE>
<ABSTRACT>What the channel is about</ABSTRACT>
<LOGO HREF="http://example.org/logo.gif" STYLE="IMAGE"/>
<ITEM HREF="http://example.org/news/1.html" LASTMOD="2026-01-02T03:04:05">
<TITLE>First story</TITLE>
<ABSTRACT>The first story's abstract.</ABSTRACT>
</ITEM>
<ITEM HREF="http://example.org/news/2.html" LASTMOD="2026-01-01T10:00">
<TITLE>Second story</TITLE>
<ABSTRACT>Another abstract.</ABSTRACT>
</ITEM>
</CHANNEL>
