using System.Data;
using Npgsql;

namespace Micic.Persistence.Data;

/// <summary>
/// The unit of work of one API call or one consumed message (scoped): one connection, opened on first use, and the
/// transaction of its change. Reads need no transaction; a change begins one, and whatever else must commit with it
/// (the outbox's messages, the inbox's record) writes through the same session. A change begun inside another (an
/// endpoint's, inside the idempotency filter's) joins it: only the outermost commit commits.
/// </summary>
public sealed class DbSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    NpgsqlConnection? _connection;
    NpgsqlTransaction? _transaction;
    List<Action>? _afterCommit;
    List<Func<CancellationToken, Task>>? _beforeCommit;
    List<NpgsqlBatchCommand>? _deferred;
    int _joined;

    public bool InTransaction => _transaction is not null;

    /// <summary>Counts the transactions the session has begun: what belongs to one transaction is told from the next's.</summary>
    public long Transactions { get; private set; }

    /// <summary>
    /// Runs <paramref name="work"/> in the transaction once the unit of work has done everything else, just before the
    /// commit (and before the deferred writes); never if it rolls back first.
    /// </summary>
    public void BeforeCommit(Func<CancellationToken, Task> work)
    {
        if (_transaction is null)
            throw new InvalidOperationException("Begin a transaction first.");
        (_beforeCommit ??= []).Add(work);
    }

    /// <summary>Runs <paramref name="action"/> once the current transaction has committed; never if it rolls back.</summary>
    public void AfterCommit(Action action)
    {
        if (_transaction is null)
            throw new InvalidOperationException("Begin a transaction first.");
        (_afterCommit ??= []).Add(action);
    }

    /// <summary>
    /// A write nothing in the transaction reads back (an outbox row, an inbox mark): it is sent with the others just
    /// before the commit, in one round trip, and fails the commit if it fails.
    /// </summary>
    public void Defer(NpgsqlBatchCommand command)
    {
        if (_transaction is null)
            throw new InvalidOperationException("Begin a transaction first.");
        (_deferred ??= []).Add(command);
    }

    public Task BeginAsync(CancellationToken cancellationToken = default) => BeginAsync(IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>
    /// Begins the unit of work's transaction, or joins the one begun already (whose isolation then holds). A read whose
    /// parts must add up, though written by others meanwhile, asks for <see cref="IsolationLevel.RepeatableRead"/>: one
    /// snapshot for all its statements.
    /// </summary>
    public async Task BeginAsync(IsolationLevel isolation, CancellationToken cancellationToken = default)
    {
        if (_transaction is not null)
        {
            _joined++;
            return;
        }
        var connection = await Connection(cancellationToken);
        _transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
        Transactions++;
    }

    /// <summary>A statement on the session's connection, in its transaction if one is open.</summary>
    public async ValueTask<NpgsqlCommand> Command(string sql, CancellationToken cancellationToken) =>
        new(sql, await Connection(cancellationToken), _transaction);

    /// <summary>Several statements in one round trip, in the session's transaction if one is open.</summary>
    public async ValueTask<NpgsqlBatch> Batch(CancellationToken cancellationToken) =>
        new(await Connection(cancellationToken), _transaction);

    async ValueTask<NpgsqlConnection> Connection(CancellationToken cancellationToken) =>
        _connection ??= await dataSource.OpenConnectionAsync(cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is null)
            throw new InvalidOperationException("No transaction to commit.");
        if (_joined > 0)
        {
            _joined--;
            return;
        }
        while (_beforeCommit is { Count: > 0 } before)
        {
            _beforeCommit = null;
            foreach (var work in before)
                await work(cancellationToken);
        }
        if (_deferred is { Count: > 0 } deferred)
        {
            _deferred = null;
            await using var batch = new NpgsqlBatch(_connection, _transaction);
            deferred.ForEach(batch.BatchCommands.Add);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await _transaction.CommitAsync(cancellationToken);
        await EndTransaction();
        var committed = _afterCommit;
        _afterCommit = null;
        committed?.ForEach(action => action());
    }

    public async Task RollbackAsync()
    {
        if (_transaction is null)
            return;
        try
        {
            await _transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception) when (_connection?.State != System.Data.ConnectionState.Open)
        {
            // The connection broke: the server has rolled back already.
        }
        await EndTransaction();
        _afterCommit = null;
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connection = null;
    }

    async Task EndTransaction()
    {
        _deferred = null;
        _beforeCommit = null;
        _joined = 0;
        if (_transaction is not null)
            await _transaction.DisposeAsync();
        _transaction = null;
    }
}
