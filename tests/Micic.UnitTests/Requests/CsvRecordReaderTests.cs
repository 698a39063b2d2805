using System.Text;
using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class CsvRecordReaderTests
{
    static async Task<(CsvRecordReader Reader, List<CsvRecord> Records)> ReadAll(string text, bool byteOrderMark = false)
    {
        var bytes = (byteOrderMark ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var reader = await CsvRecordReader.Open(new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true), default);
        var records = new List<CsvRecord>();
        while (await reader.Read(default) is { } record)
            records.Add(record);
        return (reader, records);
    }

    [Theory]
    [InlineData("a;b;c\n1;2;3\n", ';')]
    [InlineData("a,b,c\n1,2,3\n", ',')]
    [InlineData("\"a,x\";\"b,y\";c\n1;2;3\n", ';')]
    [InlineData("a\n1\n", ',')]
    public async Task The_separator_is_whichever_the_header_uses(string text, char separator)
    {
        var (reader, records) = await ReadAll(text);
        Assert.Equal(separator, reader.Separator);
        Assert.Equal(reader.Header.Count, records.Single().Fields.Count);
    }

    [Fact]
    public async Task A_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        var (withMark, _) = await ReadAll("group;name\ng1;x\n", byteOrderMark: true);
        var (without, _) = await ReadAll("group;name\ng1;x\n");
        Assert.Equal(["group", "name"], withMark.Header);
        Assert.Equal(without.Header, withMark.Header);
    }

    [Fact]
    public async Task Quoted_cells_keep_separators_doubled_quotes_and_line_breaks_and_stay_one_row()
    {
        var (_, records) = await ReadAll("a,b,c\r\n\"Doe, Jr.\",\"He said \"\"hi\"\"\",\"line one\r\nline two\"\r\nnext,row,here\r\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["Doe, Jr.", "He said \"hi\"", "line one\r\nline two"], records[0].Fields);
        Assert.Equal(2, records[0].Row);
        Assert.Equal(3, records[1].Row);
        Assert.Equal(["next", "row", "here"], records[1].Fields);
    }

    [Theory]
    [InlineData("a;b\n1;2\n3;4")]
    [InlineData("a;b\r\n1;2\r\n3;4\r\n")]
    [InlineData("a;b\r1;2\r3;4\r")]
    public async Task Lines_may_end_with_crlf_lf_or_cr(string text)
    {
        var (_, records) = await ReadAll(text);
        Assert.Equal([["1", "2"], ["3", "4"]], records.Select(record => record.Fields.ToArray()));
        Assert.Equal([2, 3], records.Select(record => record.Row));
    }

    [Fact]
    public async Task Blank_lines_are_blank_rows_and_still_counted()
    {
        var (_, records) = await ReadAll("a;b\n\n1;2\n;\n");
        Assert.Equal([true, false, true], records.Select(record => record.IsBlank));
        Assert.Equal(3, records[1].Row);
    }

    [Fact]
    public async Task An_unclosed_quote_takes_the_rest_of_the_file_and_is_flagged()
    {
        var (_, records) = await ReadAll("a;b\n1;\"open\n2;3\n");
        var record = Assert.Single(records);
        Assert.True(record.Unterminated);
        Assert.Equal(["1", "open\n2;3\n"], record.Fields);
    }

    [Fact]
    public async Task Stray_quotes_inside_unquoted_cells_are_text()
    {
        var (_, records) = await ReadAll("a;b\nsay \"hi\";\"quoted\"tail\n");
        Assert.Equal(["say \"hi\"", "quotedtail"], records.Single().Fields);
    }

    [Fact]
    public async Task Records_spanning_the_read_buffer_are_whole()
    {
        var text = new StringBuilder("name;note\r\n");
        for (var i = 0; i < 5000; i++)
            text.Append($"\"محمد {i}\";\"Zoë; line\r\n{i}\"\r\n");
        var (_, records) = await ReadAll(text.ToString());

        Assert.Equal(5000, records.Count);
        Assert.All(records.Select((record, i) => (record, i)), pair =>
        {
            Assert.Equal([$"محمد {pair.i}", $"Zoë; line\r\n{pair.i}"], pair.record.Fields);
            Assert.Equal(pair.i + 2, pair.record.Row);
        });
    }

    [Fact]
    public async Task An_empty_file_has_no_header_and_no_rows()
    {
        var (reader, records) = await ReadAll("");
        Assert.Empty(reader.Header);
        Assert.Empty(records);
    }
}
