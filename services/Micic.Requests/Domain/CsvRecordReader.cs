using System.Text;

namespace Micic.Requests.Domain;

/// <summary>One record of a CSV file: its row number (the header is row 1, as a spreadsheet numbers it) and its fields.</summary>
/// <param name="Unterminated">A quoted field was still open at the end of the file: the rest of the file is in it.</param>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Fields, bool Unterminated)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// Reads RFC 4180 CSV record by record, asynchronously, from a text stream it never holds whole: fields may be quoted,
/// and a quoted field may contain separators, doubled quotes and line breaks. Lines end with CRLF, LF or CR. The
/// separator, <c>;</c> or <c>,</c>, is whichever occurs more often (outside quotes) in the header line. A quote inside
/// an unquoted field, or after a closing quote, is kept as text rather than refused, as spreadsheets do.
/// </summary>
public sealed class CsvRecordReader
{
    readonly TextReader _reader;
    readonly char[] _buffer = new char[16 * 1024];
    readonly StringBuilder _field = new();
    int _position;
    int _length;
    bool _endOfFile;
    bool _skipLineFeed;
    int _row;

    CsvRecordReader(TextReader reader, char separator, int row)
    {
        _reader = reader;
        Separator = separator;
        _row = row;
    }

    public char Separator { get; }

    /// <summary>The header's fields; empty for an empty file.</summary>
    public IReadOnlyList<string> Header { get; private init; } = [];

    /// <summary>Reads the header line, detects the separator, and returns a reader positioned on the first data row.</summary>
    public static async Task<CsvRecordReader> Open(TextReader reader, CancellationToken cancellationToken)
    {
        var headerLine = await reader.ReadLineAsync(cancellationToken);
        var separator = DetectSeparator(headerLine ?? "");
        IReadOnlyList<string> header = [];
        if (!string.IsNullOrWhiteSpace(headerLine))
            header = (await new CsvRecordReader(new StringReader(headerLine), separator, 0).Read(cancellationToken))!.Fields;
        return new CsvRecordReader(reader, separator, 1) { Header = header };
    }

    static char DetectSeparator(string line)
    {
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c == ';')
                semicolons++;
            else if (!quoted && c == ',')
                commas++;
        }
        return semicolons > commas ? ';' : ',';
    }

    /// <summary>The next record, or null at the end of the file. A blank line is a record with one empty field.</summary>
    public async ValueTask<CsvRecord?> Read(CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        var state = State.StartOfField;
        var started = false;
        _field.Clear();

        while (true)
        {
            if (_position == _length && !await Fill(cancellationToken))
            {
                if (!started)
                    return null;
                fields.Add(_field.ToString());
                return new CsvRecord(++_row, fields, Unterminated: state == State.Quoted);
            }

            var c = _buffer[_position++];
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (c == '\n')
                    continue;
            }
            started = true;

            switch (state)
            {
                case State.Quoted:
                    if (c == '"')
                        state = State.QuoteInQuoted;
                    else
                        _field.Append(c);
                    continue;
                case State.QuoteInQuoted when c == '"':
                    _field.Append('"');
                    state = State.Quoted;
                    continue;
                case State.StartOfField when c == '"':
                    state = State.Quoted;
                    continue;
            }

            if (c == Separator)
            {
                fields.Add(_field.ToString());
                _field.Clear();
                state = State.StartOfField;
            }
            else if (c is '\n' or '\r')
            {
                _skipLineFeed = c == '\r';
                fields.Add(_field.ToString());
                return new CsvRecord(++_row, fields, Unterminated: false);
            }
            else
            {
                _field.Append(c);
                state = State.Unquoted;
            }
        }
    }

    async ValueTask<bool> Fill(CancellationToken cancellationToken)
    {
        if (_endOfFile)
            return false;
        _length = await _reader.ReadAsync(_buffer, cancellationToken);
        _position = 0;
        _endOfFile = _length == 0;
        return !_endOfFile;
    }

    enum State { StartOfField, Unquoted, Quoted, QuoteInQuoted }
}
