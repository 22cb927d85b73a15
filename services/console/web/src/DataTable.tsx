// A plain, accessible table with paging: what the console's lists need, at a fraction of the
// JavaScript of a full data grid (the first load must stay under 300 KB compressed).
import { Button, Empty, Space, Spin } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { useI18n } from "./i18n";

export interface Column<T> {
  title: string;
  render: (row: T) => ReactNode;
  align?: "left" | "right";
}

interface Props<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  empty: string;
  pageSize?: number;
}

export function DataTable<T>({ caption, columns, rows, rowKey, empty, pageSize = 20 }: Props<T>) {
  const { t } = useI18n();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil((rows?.length ?? 0) / pageSize));
  useEffect(() => {
    if (page >= pages) setPage(pages - 1);
  }, [page, pages]);

  if (rows === undefined) return <Spin description={t("app.loading")} />;
  if (rows.length === 0) return <Empty description={empty} />;
  return (
    <>
      <div className="data-table">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
                <th key={index} scope="col" style={{ textAlign: column.align ?? "left" }}>
                  {column.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(page * pageSize, (page + 1) * pageSize).map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
                  <td key={index} style={{ textAlign: column.align ?? "left" }}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <Space style={{ marginTop: 8 }}>
          <Button size="small" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t("app.previous")}
          </Button>
          <span>{t("app.page", { page: page + 1, pages })}</span>
          <Button size="small" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            {t("app.next")}
          </Button>
        </Space>
      )}
    </>
  );
}
