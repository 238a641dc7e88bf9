#!/usr/bin/env python3
"""Write the fixtures of tests/parse/ whose bytes are not plain UTF-8.

Each fixture is written from a Python string encoded with the codec named
here, so the bytes on disk are exactly what a server in that charset sends.
Their NAME.expected files (UTF-8) are written by hand and are not touched.
Deterministic: running it again rewrites identical files.

    python3 tests/parse/make-encoded.py        # from anywhere
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def rss(decl_encoding, title, description, item_title):
    decl = ('<?xml version="1.0" encoding="%s"?>\n' % decl_encoding
            if decl_encoding else '')
    return (decl +
            '<rss version="2.0">\n<channel>\n'
            '<title>%s</title>\n'
            '<link>http://example.org/</link>\n'
            '<item>\n<title>%s</title>\n'
            '<link>http://example.org/1</link>\n'
            '<description>%s</description>\n'
            '</item>\n</channel>\n</rss>\n' % (title, item_title, description))


# (file name, codec used for the bytes, BOM bytes, document text)
FIXTURES = [
    ('enc-iso-8859-1.xml', 'iso-8859-1', b'',
     rss('ISO-8859-1', 'Caf\u00e9 cr\u00e8me', 'Gr\u00f6\u00dfe: 5 \u00b5m, \u00bd Preis',
         'Br\u00fbl\u00e9e \u00e0 la fran\u00e7aise')),
    ('enc-windows-1252.xml', 'cp1252', b'',
     rss('windows-1252', 'Smart quotes',
         'Costs 5 \u20ac \u2026 or less',
         '\u201cQuoted\u201d \u2013 it\u2019s here')),
    # Declared ISO-8859-1 but using the C1 range the way windows-1252 does:
    # the bytes 0x80-0x9F are read as windows-1252, not as C1 controls.
    ('enc-latin1-c1-as-cp1252.xml', 'cp1252', b'',
     rss('ISO-8859-1', 'Mislabelled',
         'Price: 10 \u20ac \u2014 caf\u00e9',
         '\u201cHello\u201d \u2013 \u2018world\u2019 \u2026')),
    ('enc-koi8-r.xml', 'koi8-r', b'',
     rss('KOI8-R', '\u041d\u043e\u0432\u043e\u0441\u0442\u0438',
         '\u0421\u0435\u0433\u043e\u0434\u043d\u044f \u0432 \u041c\u043e\u0441\u043a\u0432\u0435',
         '\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440')),
    ('enc-windows-1251.xml', 'cp1251', b'',
     rss('windows-1251', '\u041d\u043e\u0432\u043e\u0441\u0442\u0438',
         '\u0421\u0435\u0433\u043e\u0434\u043d\u044f \u2014 \u0432\u0442\u043e\u0440\u043d\u0438\u043a',
         '\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440')),
    ('enc-shift-jis.xml', 'shift_jis', b'',
     rss('Shift_JIS', '\u65e5\u672c\u8a9e\u306e\u30cb\u30e5\u30fc\u30b9',
         '\u4eca\u65e5\u306e\u5929\u6c17\u306f\u6674\u308c\u3067\u3059\u3002',
         '\u6771\u4eac\u3067\u685c\u304c\u958b\u82b1')),
    ('enc-gb2312.xml', 'gb2312', b'',
     rss('GB2312', '\u4e2d\u6587\u65b0\u95fb',
         '\u4eca\u5929\u5929\u6c14\u5f88\u597d\u3002',
         '\u5317\u4eac\u7684\u6625\u5929')),
    ('enc-iso-8859-15.xml', 'iso-8859-15', b'',
     rss('ISO-8859-15', 'Euro', 'Prix\u00a0: 5 \u20ac', '\u0152uvre \u00e0 5 \u20ac')),
    ('enc-utf16le-bom.xml', 'utf-16-le', b'\xff\xfe',
     rss('UTF-16', 'Sixteen bits', '\u00dcn\u00efc\u00f6d\u00e9 \u2014 \u65e5\u672c',
         'Little endian \u2713')),
    ('enc-utf16be-bom.xml', 'utf-16-be', b'\xfe\xff',
     rss('UTF-16', 'Sixteen bits', '\u00dcn\u00efc\u00f6d\u00e9 \u2014 \u65e5\u672c',
         'Big endian \u2713')),
    ('enc-utf8-bom.xml', 'utf-8', b'\xef\xbb\xbf',
     rss('UTF-8', 'BOM', 'Caf\u00e9 \u2713', 'After a byte order mark')),
    ('enc-utf8-bom-no-decl.xml', 'utf-8', b'\xef\xbb\xbf',
     rss(None, 'BOM', 'Caf\u00e9 \u2713', 'No declaration after the BOM')),
    # Declared ISO-8859-1, really UTF-8, served with charset=utf-8 (.meta).
    ('enc-content-type-override.xml', 'utf-8', b'',
     rss('ISO-8859-1', 'Header wins', 'Caf\u00e9 \u2713', 'Cr\u00e8me br\u00fbl\u00e9e')),
    # Declared UTF-8, really windows-1252, served with charset=windows-1252.
    ('enc-content-type-cp1252.xml', 'cp1252', b'',
     rss('UTF-8', 'Header wins', '5 \u20ac', '\u201cCurly\u201d caf\u00e9')),
    # Content-Type without a charset: the declaration decides.
    ('enc-content-type-no-charset.xml', 'iso-8859-1', b'',
     rss('ISO-8859-1', 'Declaration wins', 'na\u00efve', 'Fa\u00e7ade')),
    # No declaration at all; the charset comes from a quoted parameter.
    ('enc-content-type-quoted.xml', 'iso-8859-1', b'',
     rss(None, 'Quoted charset', '\u00a1Hola!', 'Ma\u00f1ana')),
    ('enc-latin1-atom.xml', 'iso-8859-1', b'',
     '<?xml version="1.0" encoding="iso-8859-1"?>\n'
     '<feed xmlns="http://www.w3.org/2005/Atom">\n'
     '<title>\u00c9t\u00e9</title>\n'
     '<link href="http://example.org/"/>\n'
     '<id>urn:example:latin1</id>\n'
     '<entry>\n<title>D\u00e9j\u00e0 vu</title>\n'
     '<link href="http://example.org/deja"/>\n'
     '<id>urn:example:deja</id>\n'
     '<content type="html">&lt;p&gt;Na\u00efve caf\u00e9&lt;/p&gt;</content>\n'
     '</entry>\n</feed>\n'),
]

# Bytes that are no text at all: must be rejected.
RAW = [
    ('broken-binary-garbage.bin',
     bytes(range(256)) + b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' + bytes(range(255, -1, -1))),
]


def main():
    for name, codec, bom, text in FIXTURES:
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(bom + text.encode(codec))
    for name, data in RAW:
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
