using System.Net;

namespace Micic.ServiceDefaults.Documents;

/// <summary>
/// The frame of every printed document: A4, a footer with what it is and the page count, and fonts that cover the
/// scripts of the people on a manifest. Latin text takes Noto Sans; Arabic takes Amiri, whose joined letters copy back
/// out of the PDF in their typed order (drawn a third larger, as its letters are small beside Noto's); Bengali, Devanagari and Ethiopic take their Noto faces (Debian's
/// fonts-noto-core and fonts-hosny-amiri, which the AppHost installs with Chromium).
/// </summary>
public static class PrintablePage
{
    /// <summary>
    /// What the printed page may load: nothing but its own inline styles (charts are inline SVG) and data: images and
    /// fonts; no script, no request. The page carries names typed by anyone.
    /// </summary>
    public const string Policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'";

    public static string Html(string title, string footer, string body, string style = "") => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="{{Policy}}">
        <title>{{Encode(title)}}</title>
        <style>
        @page {
          size: A4;
          margin: 15mm 13mm 17mm;
          @bottom-left { content: "{{CssString(footer)}}"; font: 7.5pt "Noto Sans", sans-serif; color: #555; }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt "Noto Sans", sans-serif; color: #555; }
        }
        @font-face {
          font-family: "Arabic names";
          src: local("Amiri Regular"), local("Amiri-Regular");
          size-adjust: 135%;
          unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF;
        }
        @font-face {
          font-family: "Arabic names";
          src: local("Amiri Bold"), local("Amiri-Bold");
          font-weight: 600 900;
          size-adjust: 135%;
          unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF;
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 9pt/1.35 "Noto Sans", "Arabic names", "Noto Sans Bengali", "Noto Sans Devanagari", "Noto Sans Ethiopic", sans-serif; color: #1b2430; }
        h1 { font-size: 17pt; margin: 0 0 2mm; }
        h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 0.4mm solid #1f4e79; padding-bottom: 1mm; color: #1f4e79; break-after: avoid; }
        h3 { font-size: 10pt; margin: 4mm 0 1.5mm; break-after: avoid; }
        p { margin: 0 0 2mm; }
        table { border-collapse: collapse; width: 100%; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        th { text-align: start; background: #e8eef4; font-weight: 600; }
        th, td { padding: 1.2mm 1.6mm; border-bottom: 0.2mm solid #c9d2dc; vertical-align: top; }
        td.number, th.number { text-align: end; font-variant-numeric: tabular-nums; }
        .code { white-space: nowrap; }
        .muted { color: #5a6675; }
        {{style}}
        </style>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;

    /// <summary>Text for the page, escaped; <c>dir="auto"</c> on the element lets a name in Arabic run right to left.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    static string CssString(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", " ");
}
