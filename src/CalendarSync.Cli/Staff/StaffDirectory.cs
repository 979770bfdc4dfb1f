using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Domain;

namespace CalendarSync.Cli.Staff;

/// <summary>
/// The staff members calsync knows (the <c>Staff</c> table): the appointment system owns staff records, so the sync
/// keeps none; calsync needs the address to suggest at Google's sign-in and, against the emulator, the account to create.
/// </summary>
internal sealed class StaffDirectory(StorageTables tables)
{
    public const string TableName = "Staff";
    private const string Partition = "staff";

    public async Task SaveAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(Partition, staff.Id) { ["Name"] = staff.Name, ["Email"] = staff.Email, ["TimeZone"] = staff.TimeZoneId },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<StaffMember?> GetAsync(string staffId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(
            Partition, ItemId.Validate(staffId, "staff"), cancellationToken: cancellationToken);
        return row is { HasValue: true, Value: { } entity }
            ? new StaffMember(entity.RowKey, entity.GetString("Name"), entity.GetString("Email"), entity.GetString("TimeZone"))
            : null;
    }
}
