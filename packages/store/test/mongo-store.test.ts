// Runs the same contract on MongoDB whenever MONGO_URL points at a replica set (docs/architecture.md#stores).
// These machines have no MongoDB server: without MONGO_URL the suite is reported as skipped.
import { uniqueName } from "@mediation/testkit";
import { MongoClient } from "mongodb";
import { MongoStore } from "../src/mongo-store.js";
import { describeStoreContract } from "./contract.js";
import { CONTRACT_SPECS } from "./contract-specs.js";

const mongoUrl = process.env.MONGO_URL ?? "";

describeStoreContract(
  "MongoDB",
  async () => {
    const database = uniqueName("contract");
    const store = await MongoStore.open(mongoUrl, database, CONTRACT_SPECS);
    return {
      store,
      cleanup: async () => {
        await store.close();
        const client = await MongoClient.connect(mongoUrl);
        await client.db(database).dropDatabase();
        await client.close();
      },
    };
  },
  mongoUrl ? undefined : "MONGO_URL is not set; point it at a replica set to run this suite",
);
